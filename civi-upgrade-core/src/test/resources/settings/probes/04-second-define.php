<?php
define('CIVICRM_DSN', 'mysql://first_u:s3cr3t@dbhost.example/first?new_link=true');
define('CIVICRM_DSN', 'mysql://second_u:s3cr3t@dbhost.example/second?new_link=true');
