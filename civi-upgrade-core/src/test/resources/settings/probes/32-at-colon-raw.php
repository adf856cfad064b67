<?php
define('CIVICRM_DSN', 'mysql://u:p@ss:w/rd?x@db.example.org/civi?new_link=true');
