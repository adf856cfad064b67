<?php
define('CIVICRM_DSN', 'mysql://u:café@h/db?new_link=true');
