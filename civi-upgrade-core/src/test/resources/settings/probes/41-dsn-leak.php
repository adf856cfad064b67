<?php
define('CIVICRM_DSN', 'mysql://civi:Secr3tPw/civicrm?new_link=true');
